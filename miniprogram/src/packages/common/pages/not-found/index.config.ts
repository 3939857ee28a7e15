export default definePageConfig({
  navigationBarTitleText: '找不到这个页面',
});
