/** The version the gateway reports (build info metric, status API and page); keep in step with package.json. */
export const VERSION = '0.1.0';
