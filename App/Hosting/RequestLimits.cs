using Microsoft.AspNetCore.Http.Features;

namespace SchoolAssessment.Hosting;

/// <summary>
/// A request body over the limit (Kestrel's MaxRequestBodySize, 30 MB unless configured) is answered 413 with a
/// message, before anything reads it: by its declared length, or when reading a chunked body runs over.
/// </summary>
internal static class RequestLimits
{
    public const string TooLarge = "上传内容过大：单次请求不能超过 {0} MB，请压缩或拆分文件后重试。";

    public static IApplicationBuilder UseRequestLimits(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var configured = context.RequestServices.GetRequiredService<IConfiguration>().GetValue<long?>("Kestrel:Limits:MaxRequestBodySize");
            var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? configured ?? 30_000_000;
            if (context.Request.ContentLength > limit)
            {
                await RefuseAsync(context, limit);
                return;
            }

            try
            {
                await next();
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
            {
                await RefuseAsync(context, limit);
            }
        });

    private static async Task RefuseAsync(HttpContext context, long limit)
    {
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        context.Response.ContentType = "text/plain; charset=utf-8";
        // The client may still be sending: close the connection rather than read the rest.
        context.Response.Headers.Connection = "close";
        await context.Response.WriteAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, TooLarge, limit / 1_000_000));
    }
}
