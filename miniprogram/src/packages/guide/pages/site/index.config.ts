export default definePageConfig({ navigationBarTitleText: '法治文化导览' });
