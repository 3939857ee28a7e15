export default definePageConfig({
  navigationBarTitleText: '查民法典',
});
