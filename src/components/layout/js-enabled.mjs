// govuk-frontend's template line that marks the page as able to run its JavaScript. It must run
// inline before the body renders, so its hash is allowed by the Content-Security-Policy
// (astro.config.mjs) instead of 'unsafe-inline'.
export const jsEnabledScript = "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');";
