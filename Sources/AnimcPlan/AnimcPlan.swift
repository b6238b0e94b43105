// AnimcPlan
