// wix-captcha-backend (and @wix/captcha): checks a reCAPTCHA token with the verifier the
// server is configured with. Resolves {success: true}; rejects as Wix does, with the HTTP
// status in the error's code and message (400 bad or expired token, 500 no secret key, 503
// verifier unavailable).
import { call } from 'tessera:host';

export async function authorize(token) {
  try {
    return await call('captcha', { token: typeof token === 'string' ? token : '' });
  } catch (e) {
    const status = Number(e.code);
    if (Number.isInteger(status)) e.code = status;
    throw e;
  }
}

export const captcha = { authorize };

export default { authorize };
