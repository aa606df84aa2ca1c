using k8s;

namespace StrictMail.Operator.Hosting;

/// <summary>Where the operator finds the API server: an explicit kubeconfig, the pod's service account, or the user's kubeconfig.</summary>
internal static class KubernetesConfig
{
    public static KubernetesClientConfiguration Load(RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Kubeconfig is not null)
        {
            if (!File.Exists(options.Kubeconfig))
            {
                throw new Cli.UsageException($"--kubeconfig {options.Kubeconfig}: no such file");
            }

            return KubernetesClientConfiguration.BuildConfigFromConfigFile(options.Kubeconfig, options.Context);
        }

        if (KubernetesClientConfiguration.IsInCluster())
        {
            return KubernetesClientConfiguration.InClusterConfig();
        }

        return KubernetesClientConfiguration.BuildConfigFromConfigFile(
            Environment.GetEnvironmentVariable("KUBECONFIG") is { Length: > 0 } path ? path : null,
            options.Context);
    }
}
