export default definePageConfig({ navigationBarTitleText: '法律明白人台账' });
