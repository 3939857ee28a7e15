export default definePageConfig({ navigationBarTitleText: '普法名册', enablePullDownRefresh: true });
