export default definePageConfig({ navigationBarTitleText: '待回复的问题', enablePullDownRefresh: true });
