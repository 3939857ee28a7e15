export default definePageConfig({ navigationBarTitleText: '创建竞赛' });
