export default definePageConfig({ navigationBarTitleText: '讲座工作台' });
