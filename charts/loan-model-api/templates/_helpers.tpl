{{/* The chart name; the alert rules expect the pod label app=loan-model-api, so keep it. */}}
{{- define "loan-model-api.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Resource names: the release name, unless it does not already contain the chart name. */}}
{{- define "loan-model-api.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains (include "loan-model-api.name" .) .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name (include "loan-model-api.name" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "loan-model-api.selectorLabels" -}}
app.kubernetes.io/name: {{ include "loan-model-api.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* "app" is the label the Prometheus rules select targets by. */}}
{{- define "loan-model-api.labels" -}}
{{ include "loan-model-api.selectorLabels" . }}
app: {{ include "loan-model-api.name" . }}
app.kubernetes.io/version: {{ .Values.image.tag | default .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{/* Several replicas only with a shared prediction log: otherwise feedback misses its prediction. */}}
{{- define "loan-model-api.checkReplicas" -}}
{{- $most := int .Values.replicaCount }}
{{- if and .Values.autoscaling.enabled (gt (int .Values.autoscaling.maxReplicas) $most) }}
{{- $most = int .Values.autoscaling.maxReplicas }}
{{- end }}
{{- if and (gt $most 1) (not (hasPrefix "jdbc:postgresql:" .Values.predictionLog.location)) }}
{{- fail (printf "%d replicas need a prediction log shared by all of them (predictionLog.location as a jdbc:postgresql: URL); with %s each pod would receive feedback for predictions it never made" $most .Values.predictionLog.location) }}
{{- end }}
{{- end }}
