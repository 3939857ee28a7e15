export default definePageConfig({
  navigationBarTitleText: '清丰普法',
});
