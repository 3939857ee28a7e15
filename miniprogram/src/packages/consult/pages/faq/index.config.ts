export default definePageConfig({ navigationBarTitleText: '常见法律问答' });
