using k8s;
using k8s.Models;

namespace StrictMail.FakeKube.Tests.TestSupport;

/// <summary>The real KubernetesClient pointed at a fake, and objects to send it.</summary>
internal static class Clients
{
    public const string Namespace = "mail";

    public static Kubernetes For(FakeKubeServer server) => new(new KubernetesClientConfiguration { Host = server.Url });

    public static V1ConfigMap ConfigMap(string name, string value = "a", Dictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace, Labels = labels },
        Data = new Dictionary<string, string> { ["key"] = value },
    };

    public static long Rv(IKubernetesObject<V1ObjectMeta> obj) => long.Parse(obj.Metadata.ResourceVersion, System.Globalization.CultureInfo.InvariantCulture);
}
