export default definePageConfig({ navigationBarTitleText: '讲座小题' });
