export default definePageConfig({ navigationBarTitleText: '法律赶大集' });
