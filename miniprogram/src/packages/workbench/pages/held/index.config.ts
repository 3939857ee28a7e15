export default definePageConfig({ navigationBarTitleText: '标记已举办' });
