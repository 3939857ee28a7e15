export default definePageConfig({
  navigationBarTitleText: '民法典条文',
});
