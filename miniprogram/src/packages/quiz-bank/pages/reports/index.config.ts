export default definePageConfig({
  navigationBarTitleText: '题目报错',
});
