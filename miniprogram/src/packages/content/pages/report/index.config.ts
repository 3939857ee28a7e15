export default definePageConfig({
  navigationBarTitleText: '浏览统计',
});
