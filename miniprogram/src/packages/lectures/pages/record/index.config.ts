export default definePageConfig({ navigationBarTitleText: '我的讲座记录' });
