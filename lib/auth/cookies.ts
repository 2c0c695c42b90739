/** Auth.js's session cookie: the __Secure- name is used over https. */
export const SESSION_COOKIES = ["__Secure-authjs.session-token", "authjs.session-token"] as const;
