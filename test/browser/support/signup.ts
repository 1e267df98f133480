import type { NotificationSendJob } from '@dz/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Page } from 'playwright-core';
import type { TestApi } from '../../setup/api-app';

/**
 * The SMS verification code sent to `phone`. No worker runs in browser tests, so the code is read
 * from the job the notifier would have sent, waiting up to `timeoutMs` for it to be queued.
 */
export async function signupCodeFor(api: TestApi, phone: string, timeoutMs = 5000): Promise<string> {
  const redis = new Redis(api.config.REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('notifications', { connection: redis, prefix: api.config.QUEUE_PREFIX });
  try {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
      const jobs = await queue.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
      const code = jobs
        .map((job) => job?.data as NotificationSendJob | undefined)
        .find((data) => data?.to === phone && data.template === 'verification_code')?.params.code;
      if (code) return code;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`signupCodeFor(${phone}): no verification code was queued`);
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

export interface ContestantSignup {
  phone: string;
  name: string;
  password: string;
  idNumber: string;
}

/**
 * Fills and submits the sign-up page the browser is on (`/signup`), with the code from the
 * queue, and waits until the person is signed in.
 */
export async function signUpOnPage(page: Page, api: TestApi, person: ContestantSignup): Promise<void> {
  await page.getByPlaceholder('请输入 11 位手机号').fill(person.phone);
  await page.getByTestId('send-code').click();
  await page.getByPlaceholder('请输入 6 位短信验证码').fill(await signupCodeFor(api, person.phone));
  await page.getByPlaceholder('请输入真实姓名').fill(person.name);
  await page.getByPlaceholder('请设置登录密码').fill(person.password);
  await page.getByPlaceholder('请输入 18 位身份证号').fill(person.idNumber);
  await page.getByTestId('id-consent').check();
  await page.getByRole('button', { name: '注册', exact: true }).click();
  await page.getByTestId('current-user').waitFor();
}
