{{/* The chart name, or nameOverride. */}}
{{- define "strictmail.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The resource name prefix: the release name, plus the chart name unless the release name has it. */}}
{{- define "strictmail.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := include "strictmail.name" . -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{- define "strictmail.operatorName" -}}
{{- printf "%s-operator" (include "strictmail.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "strictmail.relayName" -}}
{{- printf "%s-relay" (include "strictmail.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The policy ConfigMap: the operator writes it (--configmap) and the relays mount it, from this one value. */}}
{{- define "strictmail.policyConfigMap" -}}
{{- default (printf "%s-policy" (include "strictmail.fullname" .)) .Values.policyConfigMap | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* TLS reporting is on once a DKIM key Secret is named; the token Secret is the user's or the chart's. */}}
{{- define "strictmail.tlsReporting" -}}
{{- if .Values.tlsReporting.dkim.secretName }}on{{ end -}}
{{- end -}}

{{- define "strictmail.tlsReportTokenSecret" -}}
{{- default (printf "%s-tlsrpt-token" (include "strictmail.fullname" .) | trunc 63 | trimSuffix "-") .Values.tlsReporting.adminToken.secretName -}}
{{- end -}}

{{- define "strictmail.tlsReportConfigMap" -}}
{{- printf "%s-tlsrpt" (include "strictmail.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "strictmail.leaseName" -}}
{{- default (include "strictmail.operatorName" .) .Values.operator.leaderElection.leaseName -}}
{{- end -}}

{{/* Labels on every resource. */}}
{{- define "strictmail.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "strictmail.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: strictmail
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Selector labels of one component; call with (dict "root" $ "component" "relay"). */}}
{{- define "strictmail.selectorLabels" -}}
app.kubernetes.io/name: {{ include "strictmail.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* The operator's --relay-selector: exactly the relay pods' selector labels. */}}
{{- define "strictmail.relaySelector" -}}
{{- printf "app.kubernetes.io/name=%s,app.kubernetes.io/instance=%s,app.kubernetes.io/component=relay" (include "strictmail.name" .) .Release.Name -}}
{{- end -}}

{{/* An image reference; call with (dict "root" $ "image" .Values.relay.image). */}}
{{- define "strictmail.image" -}}
{{- $tag := default .root.Chart.AppVersion .image.tag -}}
{{- if .image.digest -}}
{{- printf "%s:%s@%s" .image.repository $tag .image.digest -}}
{{- else -}}
{{- printf "%s:%s" .image.repository $tag -}}
{{- end -}}
{{- end -}}

{{/* Scheduling fields shared by both pod templates; call with (dict "root" $ "component" "relay" "values" .Values.relay). */}}
{{- define "strictmail.scheduling" -}}
{{- with .root.Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
{{- with .values.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .values.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- if .values.topologySpread }}
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels:
        {{- include "strictmail.selectorLabels" (dict "root" .root "component" .component) | nindent 8 }}
{{- end }}
{{- end -}}
