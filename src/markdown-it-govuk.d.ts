declare module 'markdown-it-govuk' {
  import type { PluginWithOptions } from 'markdown-it';

  const markdownItGovuk: PluginWithOptions<{ headingsStartWith?: 'xl' | 'l' | 'm' | 's'; brand?: string }>;
  export default markdownItGovuk;
}
