export default definePageConfig({ navigationBarTitleText: '咨询情况' });
