package io.finport.bench;
