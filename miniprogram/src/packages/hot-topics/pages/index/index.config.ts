export default definePageConfig({ navigationBarTitleText: '精准普法热点' });
