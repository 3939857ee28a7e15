export default definePageConfig({ navigationBarTitleText: '编辑点位' });
