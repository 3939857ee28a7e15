export default definePageConfig({ navigationBarTitleText: '整理公开问答' });
