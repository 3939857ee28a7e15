export default definePageConfig({ navigationBarTitleText: '全县讲座进度' });
