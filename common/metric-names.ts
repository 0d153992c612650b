/**
 * Metric names shared by the processor, dashboards, rules and the autoscaler (DESIGN.md).
 * Renaming one is a breaking change.
 */
export const metricNames = {
  documentsReceived: 'headroom_documents_received_total',
  httpRequestDuration: 'headroom_http_request_duration_seconds',
  queueJobs: 'headroom_queue_jobs',
  jobs: 'headroom_jobs_total',
  jobDuration: 'headroom_job_duration_seconds',
  documentEndToEnd: 'headroom_document_end_to_end_seconds',
  autoscalerForecast: 'headroom_autoscaler_forecast',
  autoscalerDesiredReplicas: 'headroom_autoscaler_desired_replicas',
  autoscalerFailStatic: 'headroom_autoscaler_fail_static_total',
  autoscalerLastDecision: 'headroom_autoscaler_last_decision_timestamp_seconds',
  /** Documents/s one worker pod sustains within every SLO (from the last capacity search). */
  capacityMaxRate: 'headroom_capacity_max_rate',
} as const;

export const documentOutcomes = ['accepted', 'duplicate', 'rejected', 'throttled'] as const;
export const queueStates = ['waiting', 'active', 'delayed', 'failed'] as const;
export const jobOutcomes = ['completed', 'failed', 'retried'] as const;

/** The BullMQ queue the processor uses. */
export const documentQueueName = 'documents';
