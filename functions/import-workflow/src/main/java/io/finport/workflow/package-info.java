package io.finport.workflow;
