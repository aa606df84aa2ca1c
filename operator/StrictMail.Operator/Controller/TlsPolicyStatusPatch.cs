using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using StrictMail.Operator.Entities;

namespace StrictMail.Operator.Controller;

/// <summary>
/// Writes some fields of a TlsPolicy's status with a JSON merge patch of the status subresource: no
/// resourceVersion (a racing spec edit is not a conflict) and only the named fields, so the controller
/// and the MX probe each own theirs.
/// </summary>
internal static class TlsPolicyStatusPatch
{
    /// <summary>Patches status with <paramref name="fields"/>; false when the policy no longer exists.</summary>
    public static async Task<bool> ApplyAsync(IKubernetes client, TlsPolicy policy, JsonObject fields, string fieldManager, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(policy);
        var patch = new JsonObject { ["status"] = fields };
        try
        {
            await client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
                new V1Patch(patch.ToJsonString(), V1Patch.PatchType.MergePatch),
                TlsPolicy.Group,
                TlsPolicy.Version,
                policy.Metadata.NamespaceProperty,
                TlsPolicy.Plural,
                policy.Metadata.Name,
                fieldManager: fieldManager,
                cancellationToken: cancellation).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
