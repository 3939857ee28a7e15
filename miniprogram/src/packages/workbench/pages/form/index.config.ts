export default definePageConfig({ navigationBarTitleText: '安排讲座' });
