// Loaded before decap-cms.js: katalog-cms.js registers the catalogue's file formats, then starts the CMS.
window.CMS_MANUAL_INIT = true;
