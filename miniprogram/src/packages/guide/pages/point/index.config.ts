export default definePageConfig({ navigationBarTitleText: '点位介绍' });
