/** The dashboard's operations view (GET /v1/admin/operations): rollout today and queue health. */
import * as z from 'zod';

const live = z.object({ id: z.string(), name: z.string(), live: z.boolean() });

export const operationsSchema = z
  .object({
    date: z.string().meta({ description: 'Ngày hôm nay (giờ Việt Nam, YYYY-MM-DD)' }),
    receivingUnits: z.array(live).meta({ description: 'Bộ phận tiếp nhận và trung tâm: đã triển khai hôm nay hay chưa' }),
    servicePoints: z.array(live).meta({ description: 'Điểm phục vụ của bưu điện: nhận hồ sơ hôm nay hay chưa' }),
    heldAgencies: z
      .array(z.object({ agencyId: z.string(), agencyName: z.string(), live: z.boolean(), joins: z.string().optional(), heldDossiers: z.number().int() }))
      .meta({ description: 'Cơ quan chưa tham gia (hoặc còn hồ sơ chờ chuyển) và số hồ sơ đang chờ cơ quan đó' }),
    queues: z.array(
      z.object({
        name: z.string(),
        visible: z.number().int().meta({ description: 'ApproximateNumberOfMessages' }),
        inFlight: z.number().int().meta({ description: 'ApproximateNumberOfMessagesNotVisible' }),
        deadLetter: z.boolean(),
        oldestAgeSeconds: z
          .number()
          .int()
          .nullable()
          .meta({ description: 'Số giây tin nhắn cũ nhất đã chờ (CloudWatch ApproximateAgeOfOldestMessage, phút gần nhất); null khi hàng đợi rỗng hoặc CloudWatch chưa có số liệu' }),
        ageAlarmSeconds: z.number().int().nullable().meta({ description: 'Tin nhắn cũ nhất chờ đến số giây này thì có cảnh báo (cùng ngưỡng với báo động CloudWatch); null với hàng đợi không có báo động theo tuổi (hàng đợi thư lỗi)' }),
        warning: z.string().optional().meta({ description: 'Hàng đợi thư lỗi có tin nhắn, hoặc tin nhắn cũ nhất đã chờ quá ngưỡng cảnh báo' }),
      }),
    ),
    queuesTruncated: z.boolean().meta({ description: 'Có nhiều hàng đợi hơn giới hạn đọc (300)' }),
    agesUnavailable: z.string().optional().meta({ description: 'Có khi không đọc được CloudWatch: mọi oldestAgeSeconds là null, số tin nhắn vẫn đúng' }),
  })
  .meta({ id: 'Operations' });
