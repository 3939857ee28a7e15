export default definePageConfig({ navigationBarTitleText: '安排赶集' });
