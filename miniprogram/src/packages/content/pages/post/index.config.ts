export default definePageConfig({
  navigationBarTitleText: '普法内容',
  enableShareAppMessage: true,
});
