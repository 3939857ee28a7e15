export default definePageConfig({ navigationBarTitleText: '竞赛答题' });
