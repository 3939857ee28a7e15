export default definePageConfig({ navigationBarTitleText: '讲座效果', enablePullDownRefresh: true });
