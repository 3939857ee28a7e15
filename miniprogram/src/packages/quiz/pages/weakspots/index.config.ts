export default definePageConfig({ navigationBarTitleText: '精准普法 · 薄弱法条' });
