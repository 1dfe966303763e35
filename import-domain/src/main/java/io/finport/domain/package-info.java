package io.finport.domain;
