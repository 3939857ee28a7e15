export default definePageConfig({
  navigationBarTitleText: '法治讲座',
  enablePullDownRefresh: true,
});
