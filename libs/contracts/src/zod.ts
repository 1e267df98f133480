import { z } from 'zod';

// Every validation message that reaches a person is Chinese: zod's own messages use its zh-CN
// locale, and schemas add their own wording where the generic one would say too little.
z.config(z.locales.zhCN());

export { z };
