using System.Text.Json.Nodes;
using StrictMail.FakeKube.Storage;

namespace StrictMail.FakeKube.Http;

/// <summary>The meta/v1 Status objects the API server answers errors (and some deletes) with.</summary>
internal static class StatusObjects
{
    public static JsonObject Failure(KubeApiException error)
    {
        var status = new JsonObject
        {
            ["kind"] = "Status",
            ["apiVersion"] = "v1",
            ["metadata"] = new JsonObject(),
            ["status"] = "Failure",
            ["message"] = error.Message,
            ["reason"] = error.Reason,
            ["code"] = error.Code,
        };
        if (error.Name is not null || error.Kind is not null)
        {
            var details = new JsonObject { ["name"] = error.Name, ["kind"] = error.Kind };
            if (!string.IsNullOrEmpty(error.Group))
            {
                details["group"] = error.Group;
            }

            status["details"] = details;
        }

        return status;
    }

    public static KubeApiException ForCode(int code) => code switch
    {
        409 => new KubeApiException(409, "Conflict", "Operation cannot be fulfilled: injected conflict; please apply your changes to the latest version and try again"),
        410 => new KubeApiException(410, "Expired", "injected: too old resource version"),
        429 => new KubeApiException(429, "TooManyRequests", "injected: too many requests, please try again later"),
        503 => new KubeApiException(503, "ServiceUnavailable", "injected: the server is currently unable to handle the request"),
        _ => new KubeApiException(code, "InternalError", $"injected: an error on the server (\"{code}\") has prevented the request from succeeding"),
    };

    public static JsonObject Deleted(string plural, string? group, string name, string uid) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Success",
        ["details"] = new JsonObject { ["name"] = name, ["group"] = group, ["kind"] = plural, ["uid"] = uid },
    };
}
