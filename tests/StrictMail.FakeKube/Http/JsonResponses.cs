using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using StrictMail.FakeKube.Storage;

namespace StrictMail.FakeKube.Http;

/// <summary>Writes JSON bodies and Status errors.</summary>
internal static class JsonResponses
{
    public static async Task WriteAsync(HttpContext context, int statusCode, JsonNode body)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }

    public static Task WriteErrorAsync(HttpContext context, KubeApiException error) =>
        WriteAsync(context, error.Code, StatusObjects.Failure(error));

    public static async Task<JsonNode> ReadBodyAsync(HttpContext context)
    {
        if (context.Request.ContentType?.Contains("protobuf", StringComparison.OrdinalIgnoreCase) == true)
        {
            throw new KubeApiException(415, "UnsupportedMediaType",
                "the fake API server speaks JSON only; send application/json (kubectl create <builtin> sends protobuf: use kubectl apply instead)");
        }

        using var reader = new StreamReader(context.Request.Body);
        var text = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        try
        {
            return JsonNode.Parse(text) ?? throw ApiErrors.BadRequest("the request body is empty; send a JSON object");
        }
        catch (System.Text.Json.JsonException e)
        {
            throw ApiErrors.BadRequest($"the request body is not valid JSON: {e.Message}");
        }
    }
}
