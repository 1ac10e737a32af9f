/** The commune-level units an address names (`GET /v1/units`): the applicant's address picker. */
import * as z from 'zod';

export const unitListSchema = z
  .object({
    date: z.string().meta({ description: 'Ngày (giờ Việt Nam) mà danh sách có hiệu lực, YYYY-MM-DD', example: '2026-12-02' }),
    items: z.array(
      z.object({
        id: z.string().meta({ description: 'Mã đơn vị hành chính cấp xã (addressSchema.unitId)', example: '23776' }),
        name: z.string().meta({ example: 'Xã Ia Grai' }),
        kind: z.string().meta({ description: 'xã, phường, thị trấn hoặc đặc khu', example: 'xã' }),
        district: z.string().optional().meta({ description: 'Đơn vị cấp huyện chứa đơn vị này (trước 1/7/2025)', example: 'Huyện Ia Grai' }),
        servicePoints: z
          .array(z.object({ id: z.string(), name: z.string() }))
          .meta({ description: 'Điểm phục vụ bưu điện phục vụ người dân đơn vị này (nhận kết quả tại quầy: resultDelivery.servicePointId)' }),
        live: z.boolean().meta({ description: 'Người dân ở đơn vị này đã nộp được hồ sơ qua hệ thống (giai đoạn triển khai đã bắt đầu)' }),
      }),
    ),
  })
  .meta({ id: 'UnitList', description: 'Các đơn vị hành chính cấp xã đang có hiệu lực của tỉnh, theo tên' });
