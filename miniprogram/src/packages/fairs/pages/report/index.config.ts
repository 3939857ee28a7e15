export default definePageConfig({ navigationBarTitleText: '赶集服务汇总' });
