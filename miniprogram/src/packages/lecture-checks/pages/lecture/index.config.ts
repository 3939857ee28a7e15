export default definePageConfig({ navigationBarTitleText: '这场讲座的效果' });
