export default definePageConfig({ navigationBarTitleText: '我的台账', enablePullDownRefresh: true });
